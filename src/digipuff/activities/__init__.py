"""Utvecklingsåtaganden och aktiviteter: development commitments and their activities, followed up per report occasion."""
