"""Tests of arena_solvers on small frames. One thread, as a step sets before numpy loads its BLAS
(see solver-code.ts): OpenMP otherwise starts a thread per host core and slows to a crawl here."""
import os

os.environ.update({"OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1", "OMP_WAIT_POLICY": "PASSIVE"})
