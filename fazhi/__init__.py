"""fazhi (法治): the workbench on which a government office runs its rule-of-law work."""
