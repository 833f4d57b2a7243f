"""Training commands for sourcetrace's learned components (run offline, reproducibly)."""
