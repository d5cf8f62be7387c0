"""multiprocessing and concurrent.futures' process pool, with the default start method and spawn."""
import concurrent.futures
import multiprocessing
import sys


def square(number):
    return number * number


def _produce(queue):
    queue.put(sum(range(10)))


def _fill(shared, key):
    shared[key] = key.upper()


def _one_process(context, method):
    queue = context.Queue()
    process = context.Process(target=_produce, args=(queue,))
    process.start()
    print(method, "Process + Queue", queue.get(timeout=120))
    process.join()
    print(method, "exit code", process.exitcode)


def _run(method):
    context = multiprocessing.get_context(method)
    with context.Pool(2) as pool:
        print(method, "Pool.map", pool.map(square, range(5)))
    _one_process(context, method)
    with context.Manager() as manager:
        shared = manager.dict()
        workers = [context.Process(target=_fill, args=(shared, key)) for key in ("a", "b")]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        print(method, "Manager", sorted(shared.items()))
    with concurrent.futures.ProcessPoolExecutor(2, mp_context=context) as executor:
        print(method, "ProcessPoolExecutor", list(executor.map(abs, [-1, -2, 3])))


def default():
    _run(None)


def spawn():
    _run("spawn")


def one():
    """One worker with the default start method: every launch mode starts its workers the same way."""
    _one_process(multiprocessing.get_context(), None)


if __name__ == "__main__":
    globals()[sys.argv[1]]()
