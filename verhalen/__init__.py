"""Practitioner stories and meeting reports."""
