"""Mål: the goal tree per year, from goal areas and council goals down to committee goals, with texts and assessments."""
