"""trustsite: privacy statements and trust centers from validated YAML."""
