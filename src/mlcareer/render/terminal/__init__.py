"""Rich renderables for the terminal, with Japanese-aware line breaking. They build, they never print."""
