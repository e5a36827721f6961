"""Kernel Hopfield networks: learning, recall, attractor geometry and spectra.

The package follows the notation of the book: ``N`` neurons, ``P`` patterns
``X`` (rows ``xi_mu`` with entries ±1), load ``P / N``, RBF kernel width
``gamma``, regularisation ``lam``, learning rate ``eta``, dual coefficients
``A`` and local fields ``h``.
"""


from .dynamics import RecallResult, recall, sign_update
from .kernels import gram_matrix, log_rbf_kernel, rbf_kernel
from .landscape import (
    hamming_profile,
    landscape,
    landscape_gradient,
    landscape_laplacian,
    path_profile,
)
from .learning import (
    KLRResult,
    hebbian,
    hessian_max_eigenvalue,
    klr_objective,
    pseudo_inverse,
    train_klr,
    train_klr_gd,
    train_krr,
)
from .measures import RecallTest, basin_radius, recall_success, recall_test
from .networks import KernelNetwork, LinearNetwork
from .sharpness import (
    READINGS,
    flip_drop,
    height,
    pinnacle_sharpness,
    rkhs_margin,
    sharpness_readings,
)
from .sweep import SweepResult, SweepSpec, run_sweep
from .patterns import (
    corrupt,
    flip_bits,
    has_duplicates,
    initial_overlap,
    n_flips,
    overlap,
    random_patterns,
)

