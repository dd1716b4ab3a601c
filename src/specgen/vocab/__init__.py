"""The vocabulary every stage shares: column types and naming rules. Below both parse and design."""
