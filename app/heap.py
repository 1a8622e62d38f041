"""The serving process's garbage collector, set once the app is loaded (wsgi.py)."""
import gc

YOUNG_COLLECTION_EVERY = 100_000


def settle_after_startup() -> None:
    """The app's own objects (modules, mappers, schemas) never die: moved out of the cyclic collector's reach,
    so the collections a request's garbage triggers no longer rescan them. Young collections run every
    100,000 allocations rather than 700: a push of 500 edits holds up to ~30,000 new objects at once, and each
    collection while they live walks them all (5 % of a push's time at 20,000, none at 100,000:
    bench/push_collector.py, docs/benchmarks.md round 9)."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(YOUNG_COLLECTION_EVERY, 10, 10)
