"""`mkdocs serve` rebuilds in one process: memory stays flat across rebuilds (no state kept between builds,
nothing the loader froze out of the garbage collector's sight left behind)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

REBUILDS = 20
SUBPROCESSOR = """\
  extra_{i}:
    name: Example Service {i}
    legal_entity: Example Service {i} GmbH
    entity_country: DE
    service: {{en: Hosting, de: Hosting}}
    purposes: [service]
    data_categories: [contact_details]
    processing_locations: [DE]
    website: https://service{i}.example.net
    since: 2024-01-01
"""

SCRIPT = textwrap.dedent("""
    import gc, json, sys
    from pathlib import Path
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from trustsite.site.plugin import find_plugin

    def rss():
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[1]) * 4096

    sizes = []
    data = Path(sys.argv[1]).parent / "data" / "subprocessors.yml"
    for i in range(int(sys.argv[2])):
        with data.open("a", encoding="utf-8") as fh:  # a legal editor saves a data file: nothing comes from a cache
            fh.write(f"# save {i}\\n")
        config = load_config(sys.argv[1])  # as `mkdocs serve` does on every save
        find_plugin(config).config["draft"] = True  # as `trustsite serve` does: the saved data is not released
        find_plugin(config).config["build_date"] = sys.argv[3]  # as `trustsite serve --today` does
        build(config, serve_url="http://127.0.0.1:8000/")
        gc.collect()
        sizes.append(rss())
    print(json.dumps(sizes))
""")


@pytest.mark.slow  # a whole-site build
@pytest.mark.skipif(not Path("/proc/self/statm").exists(), reason="reads the resident set size from /proc")
def test_memory_is_flat_over_rebuilds(minimal_copy: Path, tmp_path: Path) -> None:
    subs = minimal_copy / "data" / "subprocessors.yml"  # enough data that one build's objects are measurable
    subs.write_text(subs.read_text(encoding="utf-8") + "".join(SUBPROCESSOR.format(i=i) for i in range(400)),
                    encoding="utf-8")
    config = minimal_copy / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + f"site_dir: {tmp_path / 'site'}\n", encoding="utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-c", SCRIPT, str(config), str(REBUILDS), "2025-06-01"], capture_output=True,
                            text=True, env=env, cwd=minimal_copy, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    sizes = json.loads(result.stdout.strip().splitlines()[-1])
    assert len(sizes) == REBUILDS
    settled = sizes[4]  # the first builds fill caches that are meant to stay (compiled templates, imports)
    growth = (sizes[-1] - settled) / 2**20
    # a leak of what one build holds (the project, its rendered blocks: about 1 MiB here) adds up over
    # 15 rebuilds; allocator noise does not
    assert growth < 4, f"memory grew {growth:.1f} MiB over {REBUILDS - 5} rebuilds: {[s // 2**20 for s in sizes]} MiB"
