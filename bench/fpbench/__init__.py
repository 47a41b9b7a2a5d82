"""fpbench: framepress's benchmark suite (compression, speed, kernels) against the encoders
users would pick instead, measured in the same run. Run it with `scripts/bench`; the method is
in bench/README.md. Standard library only, except the plots (matplotlib, which scripts/bench
installs into target/oracle-venv)."""
