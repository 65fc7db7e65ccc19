"""Mål: the goal tree per year, from goal areas and council goals to committee goals, texts and assessments."""
