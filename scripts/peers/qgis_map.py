"""The bundled map of 2023, made with QGIS (headless, PyQGIS 3.22), for issue 20's paired timing.

Usage: /usr/bin/python3 scripts/peers/qgis_map.py SITES.geojson BASEMAP_DIR OUT.png

SITES.geojson is the sites layer of `chronomap export --date 2023` (it carries a `status`
field, the status at the end of 2023); BASEMAP_DIR is tests/fixtures/basemap_regional (the
regional Natural Earth basemap as GeoJSON). The map is a print layout, as a QGIS user would
make it: countries, lakes, international and first-level borders, places with names, the
sites coloured by status with their names, a title, a legend, a scale bar; Lambert conformal
conic over chronomap's default extent (63.7-80.4 E, 36.6-45.3 N); exported as a 1600x1000 PNG.
"""

import os
import sys

from qgis.core import (
    QgsApplication,
    QgsCategorizedSymbolRenderer,
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsFillSymbol,
    QgsLayerTree,
    QgsLayoutExporter,
    QgsLayoutItemLabel,
    QgsLayoutItemLegend,
    QgsLayoutItemMap,
    QgsLayoutItemScaleBar,
    QgsLayoutPoint,
    QgsLayoutSize,
    QgsLineSymbol,
    QgsMarkerSymbol,
    QgsPalLayerSettings,
    QgsPrintLayout,
    QgsProject,
    QgsRectangle,
    QgsRendererCategory,
    QgsSingleSymbolRenderer,
    QgsTextFormat,
    QgsUnitTypes,
    QgsVectorLayer,
    QgsVectorLayerSimpleLabeling,
)
from qgis.PyQt.QtCore import QSize
from qgis.PyQt.QtGui import QColor, QFont

# chronomap's default extent for the bundled data and its projection (standard parallels at
# one sixth and five sixths of the latitude range, central meridian in the middle).
WEST, SOUTH, EAST, NORTH = 63.7, 36.6, 80.4, 45.3
LCC = "+proj=lcc +lat_1=38.05 +lat_2=43.85 +lat_0=40.95 +lon_0=72.05 +datum=WGS84 +units=m +no_defs"
STATUS = [  # value, fill, label
    ("active", "#1f6fb5", "Active"),
    ("proposed", "#f0a500", "Proposed"),
    ("declined", "#c0306a", "Declined (refused)"),
    ("closed", "#222222", "Closed"),
    ("not_yet", "#bbbbbb", "Not yet in the record"),
]


def vector(path, name):
    layer = QgsVectorLayer(path, name, "ogr")
    if not layer.isValid():
        sys.exit(f"qgis_map: {path}: QGIS could not open it as a vector layer")
    return layer


def labels(layer, field, size, bold=False, color="#222222"):
    fmt = QgsTextFormat()
    font = QFont("DejaVu Sans")
    font.setBold(bold)
    fmt.setFont(font)
    fmt.setSize(size)
    fmt.setColor(QColor(color))
    settings = QgsPalLayerSettings()
    settings.fieldName = field
    settings.setFormat(fmt)
    layer.setLabeling(QgsVectorLayerSimpleLabeling(settings))
    layer.setLabelsEnabled(True)


def main(argv):
    if len(argv) != 4:
        sys.exit(__doc__)
    sites_path, basemap, out = argv[1], argv[2], argv[3]

    QgsApplication.setPrefixPath("/usr", True)
    app = QgsApplication([], False)
    app.initQgis()
    project = QgsProject.instance()

    countries = vector(os.path.join(basemap, "countries.geojson"), "Countries")
    countries.setRenderer(QgsSingleSymbolRenderer(QgsFillSymbol.createSimple(
        {"color": "#ebe6dd", "outline_style": "no"})))
    labels(countries, "name", 11, color="#8a8a8a")
    lakes = vector(os.path.join(basemap, "lakes.geojson"), "Lakes")
    lakes.setRenderer(QgsSingleSymbolRenderer(QgsFillSymbol.createSimple(
        {"color": "#a9d3ef", "outline_style": "no"})))
    admin1 = vector(os.path.join(basemap, "admin1_lines.geojson"), "Regions")
    admin1.setRenderer(QgsSingleSymbolRenderer(QgsLineSymbol.createSimple(
        {"line_color": "#c8c2b8", "line_width": "0.2", "line_style": "dash"})))
    borders = vector(os.path.join(basemap, "borders.geojson"), "Borders")
    borders.setRenderer(QgsSingleSymbolRenderer(QgsLineSymbol.createSimple(
        {"line_color": "#555555", "line_width": "0.35"})))
    places = vector(os.path.join(basemap, "places.geojson"), "Places")
    places.setRenderer(QgsSingleSymbolRenderer(QgsMarkerSymbol.createSimple(
        {"name": "circle", "color": "#333333", "size": "1.2", "outline_style": "no"})))
    labels(places, "name", 8, color="#333333")
    # About the towns chronomap names on this map: capitals and the larger towns.
    places.setSubsetString('"population" >= 150000 OR "capital" IS NOT NULL')

    sites = vector(sites_path, "Sites")
    categories = []
    for value, fill, label in STATUS:
        symbol = QgsMarkerSymbol.createSimple(
            {"name": "circle", "color": fill, "size": "3.5", "outline_color": "white"})
        categories.append(QgsRendererCategory(value, symbol, label))
    sites.setRenderer(QgsCategorizedSymbolRenderer("status", categories))
    labels(sites, "name", 11, bold=True)
    site_labels = sites.labeling().settings()
    site_labels.priority = 10  # the sites' names win over the towns'
    sites.setLabeling(QgsVectorLayerSimpleLabeling(site_labels))

    layers = [sites, places, borders, admin1, lakes, countries]  # top first
    for layer in reversed(layers):
        project.addMapLayer(layer)

    crs = QgsCoordinateReferenceSystem()
    crs.createFromProj(LCC)
    extent = QgsCoordinateTransform(
        QgsCoordinateReferenceSystem("EPSG:4326"), crs, project
    ).transformBoundingBox(QgsRectangle(WEST, SOUTH, EAST, NORTH))

    # A 400 x 250 mm page at 101.6 dpi is 1600 x 1000 pixels.
    layout = QgsPrintLayout(project)
    layout.initializeDefaults()
    layout.pageCollection().page(0).setPageSize(QgsLayoutSize(400, 250, QgsUnitTypes.LayoutMillimeters))

    title = QgsLayoutItemLabel(layout)
    title.setText("Foreign military sites in Kyrgyzstan and Uzbekistan, end of 2023")
    title.setFont(QFont("DejaVu Sans", 20, QFont.Bold))
    layout.addLayoutItem(title)
    title.attemptMove(QgsLayoutPoint(8, 5, QgsUnitTypes.LayoutMillimeters))
    title.attemptResize(QgsLayoutSize(300, 12, QgsUnitTypes.LayoutMillimeters))

    item = QgsLayoutItemMap(layout)
    item.setRect(0, 0, 290, 225)
    item.setCrs(crs)
    item.setLayers(layers)
    item.setExtent(extent)
    item.setFrameEnabled(True)
    item.setBackgroundColor(QColor("#ebe6dd"))
    layout.addLayoutItem(item)
    item.attemptMove(QgsLayoutPoint(8, 20, QgsUnitTypes.LayoutMillimeters))
    item.attemptResize(QgsLayoutSize(290, 225, QgsUnitTypes.LayoutMillimeters))
    item.zoomToExtent(extent)

    legend = QgsLayoutItemLegend(layout)
    legend.setTitle("Status at end of 2023")
    legend.setLinkedMap(item)
    legend.setAutoUpdateModel(False)
    tree = QgsLayerTree()
    tree.addLayer(sites)
    legend.model().setRootGroup(tree)
    layout.addLayoutItem(legend)
    legend.attemptMove(QgsLayoutPoint(305, 20, QgsUnitTypes.LayoutMillimeters))

    scale = QgsLayoutItemScaleBar(layout)
    scale.setStyle("Single Box")
    scale.setLinkedMap(item)
    scale.setUnits(QgsUnitTypes.DistanceKilometers)
    scale.setUnitLabel("km")
    scale.setUnitsPerSegment(100)
    scale.setNumberOfSegments(2)
    scale.setNumberOfSegmentsLeft(0)
    scale.setBackgroundEnabled(True)
    layout.addLayoutItem(scale)
    scale.attemptMove(QgsLayoutPoint(12, 228, QgsUnitTypes.LayoutMillimeters))

    settings = QgsLayoutExporter.ImageExportSettings()
    settings.dpi = 101.6
    settings.imageSize = QSize(1600, 1000)
    result = QgsLayoutExporter(layout).exportToImage(out, settings)
    app.exitQgis()
    if result != QgsLayoutExporter.Success:
        sys.exit(f"qgis_map: {out}: export failed (QgsLayoutExporter result {result})")


if __name__ == "__main__":
    main(sys.argv)
