"""One BLAS thread per process, set before numpy loads (imported first by `kg`).

spaCy's small English model does its matrix work on one thread (blis); numpy's OpenBLAS would
otherwise start a thread per core that only spins against it and against `--jobs` workers.
Measured on the build benchmark's 100k words (2 cores): one process 21.3 s -> 17.6 s, two
worker processes 14 s -> 9.9 s.  A value the user has set wins.
"""

from __future__ import annotations

import os

for _variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")
