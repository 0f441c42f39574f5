"""The ``autograd_lite.scipy`` submodules' names, read from the op registry's ``scipy=`` names.

``"special.gammaln"`` puts the entry's function at ``autograd_lite.scipy.special.gammaln``;
``"stats.norm.logpdf"`` puts it at ``stats.norm.logpdf``, ``norm`` being a
:class:`Distribution` holding that family's functions.
"""
from __future__ import annotations

from typing import Any, Callable, Dict, List, Tuple

import numpy as np

from ..registry import NUMPY, REGISTRY


class Distribution:
    """SciPy's distribution object reduced to its functions (``norm.pdf``, ``norm.logcdf``,
    ...), each taking the point and then the parameters; calling it with the parameters
    freezes them, as SciPy's does (``norm(loc, scale).logpdf(x)``). A name no op answers
    (``rvs``, ``mean``) is SciPy's own, passed through as ``anp`` passes NumPy's: it returns
    plain arrays, off the tape.

    >>> from autograd_lite.scipy.stats import norm, dirichlet
    >>> float(norm(1.0, 2.0).cdf(1.0)) == float(norm.cdf(1.0, 1.0, 2.0)) == 0.5
    True
    >>> dirichlet.rvs([1.0, 2.0], size=3, random_state=0).shape
    (3, 2)
    """

    def __init__(self, name: str, functions: Dict[str, Callable]) -> None:
        self.name = name
        self.__dict__.update(functions)

    def __getattr__(self, attribute: str) -> Any:
        if attribute.startswith("__"):
            raise AttributeError(attribute)
        import scipy.stats

        try:
            return getattr(getattr(scipy.stats, self.name), attribute)
        except AttributeError:
            raise AttributeError(f"autograd_lite.scipy.stats.{self.name} has no attribute "
                                 f"{attribute!r} (nor has scipy.stats.{self.name})") from None

    def __call__(self, *parameters: Any, **named: Any) -> "Frozen":
        return Frozen(self, parameters, named)

    def __repr__(self) -> str:
        names = ", ".join(sorted(k for k, v in self.__dict__.items() if callable(v)))
        return f"<autograd_lite.scipy distribution {self.name}: {names}>"


class Frozen:
    """A distribution with its parameters fixed: ``frozen.pdf(x)`` is
    ``distribution.pdf(x, *parameters, **named)``."""

    def __init__(self, distribution: Distribution, parameters: tuple, named: dict) -> None:
        self.distribution, self.parameters, self.named = distribution, parameters, named

    def __getattr__(self, name: str) -> Callable:
        if not name.startswith("__") and name not in vars(self.distribution):
            import scipy.stats  # a name no op answers: SciPy's own frozen distribution's

            frozen_scipy = getattr(scipy.stats, self.distribution.name)(*self.parameters,
                                                                        **self.named)
            return getattr(frozen_scipy, name)
        function = getattr(self.distribution, name)

        def frozen(x: Any) -> Any:
            return function(x, *self.parameters, **self.named)
        frozen.__name__ = name
        return frozen

    def __repr__(self) -> str:
        return f"<frozen {self.distribution.name}{self.parameters}>"


def members(module: str) -> Dict[str, Any]:
    """Every name under ``module`` (``"special"``, ``"stats"``, ...) in the registry now.

    >>> members("special")["gammaln"].__name__
    'gammaln'
    """
    functions: Dict[str, Any] = {}
    groups: Dict[str, Dict[str, Callable]] = {}
    prefix = module + "."
    for entry in REGISTRY.values():
        for name in entry.scipy:
            if not name.startswith(prefix):
                continue
            rest = name[len(prefix):]
            if "." in rest:
                group, attribute = rest.split(".", 1)
                groups.setdefault(group, {})[attribute] = entry.function
            else:
                functions[rest] = entry.function
    functions.update({group: Distribution(group, found) for group, found in groups.items()})
    return functions


def module_hooks(module: str, full_name: str) -> Tuple[Callable, Callable]:
    """``__getattr__`` and ``__dir__`` for a submodule that reads its names from the registry
    when asked (so ops registered later appear too)."""
    def __getattr__(name: str) -> Any:
        found = members(module)
        if name in found:
            return found[name]
        raise AttributeError(f"module {full_name!r} has no attribute {name!r} (autograd_lite "
                             f"has no op declared with scipy=\"{module}.{name}\")")

    def __dir__() -> List[str]:
        return sorted(members(module))
    return __getattr__, __dir__


def answer_scipy_ufuncs() -> int:
    """Let SciPy's ufuncs run the ops declared under their names when given a Tensor
    (``scipy.special.gammaln(tensor)`` records ``gammaln``), as NumPy's ufuncs do; returns how
    many it added. ``autograd_lite.scipy`` calls it on import.

    >>> answer_scipy_ufuncs() >= 0
    True
    """
    import scipy.special

    added = 0
    for entry in REGISTRY.values():
        for name in entry.scipy:
            module, _, attribute = name.partition(".")
            ufunc = getattr(scipy.special, attribute, None) if module == "special" else None
            if isinstance(ufunc, np.ufunc) and ufunc not in NUMPY:
                NUMPY[ufunc] = entry.function
                added += 1
    return added
