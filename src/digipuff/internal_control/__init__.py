"""Intern kontroll: risks, risk-reducing actions, systematic controls, audit recommendations, provider follow-up."""
