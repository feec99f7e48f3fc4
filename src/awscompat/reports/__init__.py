"""Reporters: consumers of engine events and of stored run folders."""
