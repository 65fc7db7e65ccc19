"""Uppföljning: a status and a comment per report occasion, for every kind of planned item."""
