"""The offline basemap: country outlines from Natural Earth 1:50m, as TopoJSON from the world-atlas package.

``data/countries-50m.json`` is world-atlas 2.0.2 (npm, ISC licence, ``data/world-atlas-LICENSE``), built from
Natural Earth's public-domain Admin 0 countries. TopoJSON stores shared borders once as quantised, delta-encoded
arcs; :func:`outlines` decodes them into rings of (longitude, latitude) and keeps the countries that reach into a
bounding box, so a report carries only the outlines of its region.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

Ring = tuple[tuple[float, float], ...]


@dataclass(frozen=True)
class Country:
    name: str
    rings: tuple[Ring, ...]  # outer rings and holes, each closed
    bbox: tuple[float, float, float, float]  # west, south, east, north


def _arcs(topology: dict[str, Any]) -> list[list[tuple[float, float]]]:
    """Absolute coordinates of every arc (TopoJSON §2.1.2: delta-encoded integers, then scale and translate)."""
    (kx, ky), (dx, dy) = topology["transform"]["scale"], topology["transform"]["translate"]
    out = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for step_x, step_y in arc:
            x += step_x
            y += step_y
            points.append((round(x * kx + dx, 4), round(y * ky + dy, 4)))
        out.append(points)
    return out


def _ring(indexes: list[int], arcs: list[list[tuple[float, float]]]) -> Ring:
    """A ring from arc indexes; a negative index ``~i`` is arc ``i`` reversed. Arcs share their end points."""
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc[1:] if points else arc)
    return tuple(points)


@lru_cache(maxsize=1)
def countries() -> tuple[Country, ...]:
    """Every country of the basemap, decoded once per process."""
    text = (resources.files("detente.report") / "data" / "countries-50m.json").read_text(encoding="utf-8")
    topology = json.loads(text)
    arcs = _arcs(topology)
    out = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        if geometry["type"] == "Polygon":
            polygons = [geometry["arcs"]]
        elif geometry["type"] == "MultiPolygon":
            polygons = geometry["arcs"]
        else:
            continue
        rings = tuple(_ring(ring, arcs) for polygon in polygons for ring in polygon)
        xs = [x for ring in rings for x, _ in ring]
        ys = [y for ring in rings for _, y in ring]
        out.append(Country(geometry["properties"]["name"], rings, (min(xs), min(ys), max(xs), max(ys))))
    return tuple(out)


def outlines(bbox: tuple[float, float, float, float]) -> list[Country]:
    """The countries whose bounding box meets ``bbox`` (west, south, east, north)."""
    west, south, east, north = bbox
    return [
        c for c in countries() if c.bbox[0] <= east and c.bbox[2] >= west and c.bbox[1] <= north and c.bbox[3] >= south
    ]


def contains(ring: Ring, lon: float, lat: float) -> bool:
    """Whether a point lies inside a ring (even-odd rule)."""
    inside = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y1 > lat) != (y2 > lat) and lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def country_at(lon: float, lat: float) -> str | None:
    """The name of the country containing a point, or None at sea."""
    for country in outlines((lon, lat, lon, lat)):
        if sum(contains(ring, lon, lat) for ring in country.rings) % 2:
            return country.name
    return None
