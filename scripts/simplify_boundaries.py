"""Simplify the İzmir district boundaries for the browser (one-off, run by a developer).

Input:  ../shared/reference/geo/izmir_districts.geojson (OCHA / HDX COD-AB, ~34,000 vertices)
Output: data/izmir/geo/izmir_districts_simplified.geojson (properties: pcode, name_tr, name_en)

Needs shapely, which is not a dependency of the application:
    python3 -m venv /tmp/geo && /tmp/geo/bin/pip install shapely
    /tmp/geo/bin/python scripts/simplify_boundaries.py
"""

import json
import sys
from pathlib import Path

from shapely.geometry import mapping, shape

TOLERANCE = 0.004  # degrees, about 350 m: enough for a province-wide choropleth
SOURCE = Path(
    sys.argv[1] if len(sys.argv) > 1 else "../shared/reference/geo/izmir_districts.geojson"
)
TARGET = Path("data/izmir/geo/izmir_districts_simplified.geojson")


def rounded(geometry):
    def walk(value):
        if isinstance(value, (list, tuple)):
            if value and isinstance(value[0], float):
                return [round(v, 4) for v in value]
            return [walk(v) for v in value]
        return value

    return {"type": geometry["type"], "coordinates": walk(geometry["coordinates"])}


source = json.loads(SOURCE.read_text(encoding="utf-8"))
features = []
for feature in sorted(source["features"], key=lambda f: f["properties"]["pcode"]):
    geometry = shape(feature["geometry"]).simplify(TOLERANCE, preserve_topology=True)
    props = feature["properties"]
    features.append(
        {
            "type": "Feature",
            "properties": {
                "pcode": props["pcode"],
                "name_tr": props["adm2_tr"],
                "name_en": props["adm2_en"],
            },
            "geometry": rounded(mapping(geometry)),
        }
    )
TARGET.parent.mkdir(parents=True, exist_ok=True)
out = {
    "type": "FeatureCollection",
    "name": "izmir_districts_simplified",
    "attribution": "Boundaries: OCHA / HDX COD-AB",
    "features": features,
}
TARGET.write_text(json.dumps(out, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
print(f"{TARGET}: {len(features)} districts, {TARGET.stat().st_size // 1024} KB")
