"""The pure core: knowledge records, rules, advice, salary, skills, plans, interviews. No I/O."""
