"""Utvecklingsåtaganden och aktiviteter: development commitments and activities, followed up per occasion."""
