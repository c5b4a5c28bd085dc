"""Contacts, enquiries and correspondence: people and organisations linked to the register, every interaction, enquiries with their statutory clocks, and replies in the right language."""
