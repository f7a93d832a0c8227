"""Writes a GeoJSON reference layer of N quadrilaterals of 50 to 300 m scattered over 晋城
(35.2° to 36.2° N, 112.2° to 113.6° E, across the zone 37/38 edge) to stdout: the layer
bench/layers.sh imports (the same scatter as benches/spatial.rs, by another generator).

    python3 bench/layer.py 100000 > layer.geojson
"""
import json
import random
import sys

count = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
rng = random.Random(23)
features = []
for i in range(count):
    lat, lon = 35.2 + rng.random(), 112.2 + 1.4 * rng.random()
    dlat, dlon = 0.0005 + 0.0025 * rng.random(), 0.0005 + 0.003 * rng.random()
    skew = 0.0003 * rng.random()
    ring = [[lon, lat], [lon + dlon, lat + skew], [lon + dlon, lat + dlat],
            [lon + skew, lat + dlat], [lon, lat]]
    features.append({"type": "Feature", "properties": {"name": f"图斑{i}"},
                     "geometry": {"type": "Polygon", "coordinates": [ring]}})
json.dump({"type": "FeatureCollection", "features": features}, sys.stdout,
          ensure_ascii=False, separators=(",", ":"))
