"""Version of the kernel_hopfield library, stored with every sweep result."""

__version__ = "0.1.0"
