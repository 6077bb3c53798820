#!/usr/bin/env python3
"""Fails when a target depends on one at its own level or above (README, "Architecture").

Reads `swift package describe --type json` and the `import` lines of every source file, so a
dependency that Package.swift does not declare, or an import that goes upward, is caught too.
Usage: scripts/check-layers.py  (from anywhere in the repository; exit 1 on a violation)
"""
import json
import os
import re
import subprocess
import sys

# Lower numbers are lower layers; a target may use only targets with a smaller number.
LAYERS = {
    "CLibXML2": 0, "CZlib": 0, "CZstd": 0,
    "FeedModel": 1,
    "FeedSources": 2, "FeedTagging": 2,
    "FeedStore": 3,
    "FeedStoreSQLite": 4,
    "FeedKit": 5,
    "FeedKitTesting": 6,
    "bmfeed": 7,
}
# Outside packages each layer may use: FeedModel is value types only (Foundation, no networking).
ALLOWED_PRODUCTS = {
    "FeedModel": set(),
    "FeedSources": {"Logging"},
    "FeedTagging": {"Yams"},
    "FeedStore": set(),
    "FeedStoreSQLite": {"GRDB"},
    "FeedKit": {"Yams", "Logging"},
    "FeedKitTesting": {"Logging", "FlyingFox", "FlyingSocks"},
    "bmfeed": {"ArgumentParser", "Logging"},
}
SYSTEM_MODULES = {"Foundation", "FoundationNetworking", "Dispatch", "Glibc", "Darwin", "Synchronization"}
FORBIDDEN_IMPORTS = {"FeedModel": {"FoundationNetworking"}}

root = subprocess.run(["git", "rev-parse", "--show-toplevel"], capture_output=True, text=True, check=True).stdout.strip()
os.chdir(root)
package = json.loads(subprocess.run(["swift", "package", "describe", "--type", "json"], capture_output=True, text=True, check=True).stdout)
problems = []
for target in package["targets"]:
    name = target["name"]
    if target.get("type") == "test":
        continue
    if name not in LAYERS:
        problems.append(f"{name}: not placed in a layer (add it to LAYERS in scripts/check-layers.py)")
        continue
    for dependency in target.get("target_dependencies") or []:
        if LAYERS.get(dependency, 99) >= LAYERS[name]:
            problems.append(f"{name} depends on {dependency}, which is not below it")
    for product in target.get("product_dependencies") or []:
        if product not in ALLOWED_PRODUCTS.get(name, set()):
            problems.append(f"{name} uses package product {product}, which its layer may not use")
    folder = target.get("path", f"Sources/{name}")
    for base, _, files in os.walk(folder):
        for file in files:
            if not file.endswith(".swift"):
                continue
            path = os.path.join(base, file)
            for number, line in enumerate(open(path, encoding="utf-8"), 1):
                match = re.match(r"\s*(?:@_exported\s+|@testable\s+)?import\s+(?:struct\s+|enum\s+|class\s+)?(\w+)", line)
                if not match:
                    continue
                module = match.group(1)
                if module in FORBIDDEN_IMPORTS.get(name, set()):
                    problems.append(f"{path}:{number}: {name} may not import {module}")
                elif module in LAYERS and module != name and LAYERS[module] >= LAYERS[name]:
                    problems.append(f"{path}:{number}: {name} imports {module}, which is not below it")
                elif module not in LAYERS and module not in SYSTEM_MODULES and module not in ALLOWED_PRODUCTS.get(name, set()):
                    problems.append(f"{path}:{number}: {name} imports {module}, which its layer may not use")

for problem in problems:
    print(f"check-layers: {problem}", file=sys.stderr)
if problems:
    sys.exit(1)
print(f"check-layers: {sum(1 for t in package['targets'] if t.get('type') != 'test')} targets, every dependency points down")
