"""Time `secondstory validate` (cold: parallel and serial; warm: from the cache) and `--help`.

python bench/validate.py [N]      # default 10000 postmortems
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def _time(cmd: list[str], cwd: Path, runs: int) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, cwd=cwd, capture_output=True, check=False)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    sys.path.insert(0, str(HERE))
    from make_library import make_library

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "lib"
        make_library(count, root, 1)
        exe = [sys.executable, "-m", "secondstory"]
        help_time = _time([*exe, "--help"], root, 7)
        parallel = _time([*exe, "validate", "--no-cache"], root, 3)
        serial = _time([*exe, "validate", "--no-cache", "--jobs", "1"], root, 3)
        _time([*exe, "validate"], root, 1)  # fills the cache
        warm = _time([*exe, "validate"], root, 3)
        grep = _time(["grep", "-r", "-c", "status:", "postmortems"], root, 3)
    print(f"postmortems                 {count}")
    print(f"secondstory --help          {help_time * 1000:8.0f} ms (median of 7)")
    print(f"validate (all cores)        {parallel:8.2f} s  (median of 3)")
    print(f"validate --jobs 1           {serial:8.2f} s  (median of 3)")
    print(f"validate, unchanged (cache) {warm:8.2f} s  (median of 3)")
    print(f"grep -r over the same files {grep:8.2f} s  (a floor: reading every file)")
    print(f"ratio validate/grep         {parallel / grep:8.1f}x")


if __name__ == "__main__":
    main()
