"""The demo council: a realistic picture for a new user, built from the five seed committee papers.

The papers come from different councils; the demo adapts them into one council's history (Sunderland, 2009 to
today). Content lives in plain-data modules (`people`, `inspections`, `plans`, `figures`); `loader` writes it.
"""
