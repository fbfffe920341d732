"""Peak resident memory of a process and every process it starts.

The build may run a pool of worker processes, so the RSS of the parent
alone says little.  ``PeakRSSSampler`` reads /proc every 50 ms, sums the
memory of the process and all its descendants, and keeps the largest sum
seen.  Workers are forked after hazm's lexicons are loaded and share those
pages with the parent, so adding up their RSS would count the shared pages
once per process; the proportional set size (PSS, from
/proc/PID/smaps_rollup) divides each shared page among the processes that
share it, so the sum is the memory the build really occupies.  RSS is used
where PSS cannot be read.  Linux only (it reads /proc).
"""

import os
import threading

PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")


def children(pid):
    """Direct children of ``pid`` (from /proc/PID/task/*/children)."""
    found = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return found
    for task in tasks:
        try:
            with open(f"/proc/{pid}/task/{task}/children") as handle:
                found.extend(int(c) for c in handle.read().split())
        except OSError:
            continue
    return found


def process_tree(pid):
    """``pid`` and all its descendants that are alive now."""
    tree, todo = [], [pid]
    while todo:
        current = todo.pop()
        tree.append(current)
        todo.extend(children(current))
    return tree


def rss_bytes(pid):
    """Resident set size of one process in bytes (0 if it has gone)."""
    try:
        with open(f"/proc/{pid}/statm") as handle:
            return int(handle.read().split()[1]) * PAGE_SIZE
    except (OSError, IndexError, ValueError):
        return 0


def pss_bytes(pid):
    """Proportional set size of one process in bytes, or its RSS if PSS is unavailable."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, IndexError, ValueError):
        pass
    return rss_bytes(pid)


def tree_rss_bytes(pid):
    """Memory of ``pid`` and its descendants: the sum of their PSS (see above)."""
    return sum(pss_bytes(p) for p in process_tree(pid))


class PeakRSSSampler:
    """Sample the memory of a process tree in a background thread.

    Used as::

        sampler = PeakRSSSampler(proc.pid)
        sampler.start()
        proc.wait()
        sampler.stop()
        sampler.peak_bytes
    """

    def __init__(self, pid, interval=0.05):
        self.pid = pid
        self.interval = interval
        self.peak_bytes = 0
        self.samples = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        while not self._stop.is_set():
            self.peak_bytes = max(self.peak_bytes, tree_rss_bytes(self.pid))
            self.samples += 1
            self._stop.wait(self.interval)

    def start(self):
        self._thread.start()
        return self

    def stop(self):
        self._stop.set()
        self._thread.join()
        return self.peak_bytes
