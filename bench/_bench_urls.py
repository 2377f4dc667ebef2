"""URLconf of the benchmarks: the floor endpoint (``/bench/floor/{id}``), then the product's."""

from _floor import urlpatterns as _floor_patterns
from zwfw.urls import urlpatterns as _product_patterns

urlpatterns = [*_floor_patterns, *_product_patterns]
