"""Kernel Hopfield networks: learning, recall, attractor geometry and spectra.

The package follows the notation of the book: ``N`` neurons, ``P`` patterns
``X`` (rows ``xi_mu`` with entries ±1), load ``P / N``, RBF kernel width
``gamma``, regularisation ``lam``, learning rate ``eta``, dual coefficients
``A`` and local fields ``h``.
"""

from .dynamics import RecallResult, recall, sign_update
from .kernels import gram_matrix, log_rbf_kernel, rbf_kernel
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
from .patterns import (
    corrupt,
    flip_bits,
    initial_overlap,
    n_flips,
    overlap,
    random_patterns,
)

__version__ = "0.1.0"
