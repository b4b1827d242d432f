"""Load chronomap's QGIS export in real QGIS (headless) and check what a user would see.

Usage: qgis-check.py [EXPORT_DIR] [--basemap DIR]
EXPORT_DIR defaults to output/qgis (what `chronomap export` writes). For each of the six
layers (three GeoJSON files, three GeoPackage tables) it checks that the layer is valid, in
EPSG:4326, that its date fields are typed Date, that the chronomap style was applied (a
categorized renderer on "status", labels on) and that the Temporal Controller settings are
active. Then it renders the layers with their styles over the basemap to
EXPORT_DIR/qgis-render.png. It prints a load report and exits 1 if any check failed.
"""

import argparse
import os
import sys

from qgis.core import (
    QgsApplication,
    QgsCoordinateReferenceSystem,
    QgsDateTimeRange,
    QgsFeatureRequest,
    QgsFillSymbol,
    QgsLineSymbol,
    QgsMapRendererParallelJob,
    QgsMapSettings,
    QgsRectangle,
    QgsSingleSymbolRenderer,
    QgsVectorLayer,
    QgsVectorLayerTemporalContext,
    QgsVectorLayerTemporalProperties,
)
from qgis.PyQt.QtCore import QDate, QDateTime, QSize, QTime, QVariant
from qgis.PyQt.QtGui import QColor

LAYERS = ["sites", "events", "periods"]
# The date fields each layer must have, and the temporal fields its style must set.
DATE_FIELDS = {
    "sites": ["status_date", "first_date", "last_date"],
    "events": ["start_date", "end_date"],
    "periods": ["start_date", "end_date"],
}
TEMPORAL = {
    "sites": ("first_date", ""),
    "events": ("start_date", "end_date"),
    "periods": ("start_date", "end_date"),
}


def check_layer(layer, name, problems):
    """Checks one loaded layer; returns a one-line report."""
    where = layer.name()
    if not layer.isValid():
        problems.append(f"{where}: not valid (could not be opened)")
        return f"{where:<16} INVALID"
    crs = layer.crs().authid()
    if crs != "EPSG:4326":
        problems.append(f"{where}: CRS is {crs!r}, expected EPSG:4326")
    fields = layer.fields()
    types = []
    for field in DATE_FIELDS[name]:
        i = fields.indexOf(field)
        if i < 0:
            problems.append(f"{where}: no field {field}")
            continue
        t = fields.at(i).type()
        types.append(f"{field}={fields.at(i).typeName()}")
        if t != QVariant.Date:
            problems.append(f"{where}: {field} has type {fields.at(i).typeName()}, expected Date")
    renderer = layer.renderer()
    kind = renderer.type() if renderer else "none"
    attr = renderer.classAttribute() if kind == "categorizedSymbol" else ""
    if kind != "categorizedSymbol" or attr != "status":
        problems.append(f"{where}: renderer is {kind} on {attr!r}; the chronomap style was not applied")
    categories = len(renderer.categories()) if kind == "categorizedSymbol" else 0
    if not layer.labelsEnabled():
        problems.append(f"{where}: labels are off")
    tp = layer.temporalProperties()
    start, end = TEMPORAL[name]
    if not tp.isActive():
        problems.append(f"{where}: temporal properties are not active")
    if tp.mode() != QgsVectorLayerTemporalProperties.ModeFeatureDateTimeStartAndEndFromFields:
        problems.append(f"{where}: temporal mode is {tp.mode()}, expected start and end fields")
    if (tp.startField(), tp.endField()) != (start, end):
        problems.append(f"{where}: temporal fields are {tp.startField()!r}/{tp.endField()!r}, expected {start!r}/{end!r}")
    return (
        f"{where:<16} valid  {crs}  {layer.featureCount():>3} features  "
        f"{', '.join(types)}  renderer={kind}({attr}, {categories} classes)  "
        f"labels={'on' if layer.labelsEnabled() else 'off'}  "
        f"temporal={'active' if tp.isActive() else 'off'}({tp.startField()}..{tp.endField() or 'open'})"
    )


def open_like_desktop(uri, name):
    """Opens a layer the way QGIS Desktop's "Add Layer" does: the provider first, then the
    default style (NAME.qml next to a file, or the default row of a GeoPackage's
    layer_styles), so the style's temporal settings are not replaced by the provider's."""
    options = QgsVectorLayer.LayerOptions()
    options.loadDefaultStyle = False
    layer = QgsVectorLayer(uri, name, "ogr", options)
    if layer.isValid():
        message, ok = layer.loadDefaultStyle()
        if not ok:
            message = f"not loaded: {message}"
        elif "|layername=" in uri:
            message = f"from the GeoPackage's layer_styles ({message})"
        else:
            message = f"from {os.path.splitext(os.path.basename(uri))[0]}.qml next to the file"
        layer.setCustomProperty("chronomap/style", message)
    return layer


def visible_on(layer, day):
    """How many features the layer's own temporal filter shows for one day."""
    begin = QDateTime(day, QTime(0, 0))
    end = QDateTime(day.addDays(1), QTime(0, 0))
    rng = QgsDateTimeRange(begin, end, True, False)
    expr = layer.temporalProperties().createFilterString(QgsVectorLayerTemporalContext(), rng)
    return sum(1 for _ in layer.getFeatures(QgsFeatureRequest().setFilterExpression(expr)))


def basemap_layer(path, name, symbol):
    layer = QgsVectorLayer(path, name, "ogr")
    if layer.isValid():
        layer.setRenderer(QgsSingleSymbolRenderer(symbol))
        return layer
    return None


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("export_dir", nargs="?", default="output/qgis")
    parser.add_argument("--basemap", default="geodata/basemap", help="folder with countries.geojson and lakes.geojson (optional)")
    args = parser.parse_args()
    out = args.export_dir
    if not os.path.isdir(out):
        print(f"qgis-check: {out}: no such folder; run `chronomap export --out-dir {out}` first", file=sys.stderr)
        return 2

    app = QgsApplication([], False)
    app.initQgis()
    print(f"QGIS {__import__('qgis.core', fromlist=['Qgis']).Qgis.QGIS_VERSION}; checking {out}")
    problems = []
    loaded = {}
    gpkg = os.path.join(out, "chronomap.gpkg")
    for name in LAYERS:
        for source, uri in (
            ("geojson", os.path.join(out, f"{name}.geojson")),
            ("gpkg", f"{gpkg}|layername={name}"),
        ):
            layer = open_like_desktop(uri, f"{name}.{source}")
            print("  " + check_layer(layer, name, problems))
            print(f"  {'':<16} style: {layer.customProperty('chronomap/style')}")
            loaded[(name, source)] = layer
    for name in LAYERS:
        a, b = loaded[(name, "geojson")], loaded[(name, "gpkg")]
        if a.isValid() and b.isValid() and a.featureCount() != b.featureCount():
            problems.append(f"{name}: {a.featureCount()} features in GeoJSON but {b.featureCount()} in the GeoPackage")

    periods = loaded[("periods", "gpkg")]
    sites = loaded[("sites", "geojson")]
    if periods.isValid() and sites.isValid():
        for day in (QDate(2000, 6, 30), QDate(2014, 12, 31), QDate(2024, 1, 1)):
            n = visible_on(periods, day)
            print(f"  temporal filter on {day.toString('yyyy-MM-dd')}: {n} of {periods.featureCount()} periods shown")
            if n != sites.featureCount():
                problems.append(f"periods: {n} periods visible on {day.toString('yyyy-MM-dd')}, expected one per site ({sites.featureCount()})")

    # Render: basemap, then events, periods are left out (they stack on the sites), sites on top.
    layers = [loaded[("sites", "gpkg")], loaded[("events", "geojson")]]
    countries = basemap_layer(
        os.path.join(args.basemap, "countries.geojson"), "countries",
        QgsFillSymbol.createSimple({"color": "242,239,233,255", "outline_color": "150,150,150,255", "outline_width": "0.3"}))
    lakes = basemap_layer(
        os.path.join(args.basemap, "lakes.geojson"), "lakes",
        QgsFillSymbol.createSimple({"color": "190,215,235,255", "outline_style": "no"}))
    base = [l for l in (lakes, countries) if l is not None]
    settings = QgsMapSettings()
    settings.setLayers([l for l in layers if l.isValid()] + base)
    settings.setDestinationCrs(QgsCoordinateReferenceSystem("EPSG:4326"))
    settings.setOutputSize(QSize(1400, 900))
    settings.setOutputDpi(110)
    settings.setBackgroundColor(QColor(220, 232, 242))
    extent = QgsRectangle()
    for l in layers:
        if l.isValid():
            extent.combineExtentWith(l.extent())
    extent.grow(2.0)
    settings.setExtent(extent)
    job = QgsMapRendererParallelJob(settings)
    job.start()
    job.waitForFinished()
    image = job.renderedImage()
    png = os.path.join(out, "qgis-render.png")
    if not image.save(png, "PNG"):
        problems.append(f"{png}: could not be saved")
    else:
        print(f"  rendered {png} ({image.width()}x{image.height()}): basemap{'' if base else ' (not found)'}, events.geojson, sites.gpkg")

    if problems:
        print(f"FAILED: {len(problems)} problem(s):")
        for p in problems:
            print(f"  - {p}")
        return 1
    print("OK: all six layers load with their style, Date fields and temporal settings")
    return 0


if __name__ == "__main__":
    code = main()
    sys.stdout.flush()
    sys.stderr.flush()
    # QgsApplication.exitQgis() can crash at interpreter exit in headless PyQGIS; leave directly.
    os._exit(code)
