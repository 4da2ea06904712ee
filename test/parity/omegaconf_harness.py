#!/usr/bin/python3
"""The reference side of the parity tests: mxm-config's loader, on real OmegaConf.

Owns: resolving one config store per request the way mxm-config's `load_config` does
(`OmegaConf.load` per layer file, select the identity's block, `OmegaConf.merge`, then
`OmegaConf.resolve`, `OmegaConf.to_container`), and encoding the answer losslessly.
Does not own: what our loader answers, or how the two are compared (test/helpers/omegaconf.ts).

Protocol: one JSON request per line on stdin, one JSON answer per line on stdout.
  request: {"files": {"default": "<yaml>", "environment": "<yaml>", ...},
            "identity": {"environment": "dev", ...},
            "overrides": {"a.b[0]": <tagged value>, ...} | null,
            "env": {"VAR": "value", ...}}
  answer:  {"ok": true, "data": <tagged value>} or {"ok": false, "error": "<exception type>",
            "message": "<first line>"}
Tagged values: null, booleans and strings as JSON; ints {"$int": "<decimal>"}; floats
{"$float": "<repr>"} (so 1.0, inf, nan and 2**64 cross JSON exactly); lists as arrays;
mappings {"$map": [[<key as str()>, <key type>, <tagged value>], ...]} in their order.

Two deliberate choices, both documented in the README's parity section:
- Debian ships OmegaConf 2.2; mxm-config pins 2.3. The only difference that reaches a config
  store is the YAML float rule (OmegaConf commit 5d8fb151, "Restrict underscore formats which are
  converted to float": 2.2 reads `0_e0` or `1_e5` as floats, 2.3 as strings). The 2.2 loader's
  float resolver is replaced with 2.3's below. (2.3 also lets resolver names contain `-`;
  no built-in resolver has one.)
- Overrides are applied with `OmegaConf.update(cfg, key, value, merge=True)` per key, the
  OmegaConf operation for a dotted key path (`a.b`, `a.list[0]`); mxm-config itself merges
  `OmegaConf.create(overrides)`, where a dotted key would stay one literal key.
"""
import io
import json
import os
import re
import sys
import tempfile

import yaml
from omegaconf import DictConfig, ListConfig, OmegaConf
import omegaconf
import omegaconf._utils as oc_utils
import omegaconf.basecontainer as oc_basecontainer

OMEGACONF_22_FLOAT = r"""^(?:
         [-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?
        |[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)
        |\.[0-9_]+(?:[eE][-+][0-9]+)?
        |[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*
        |[-+]?\.(?:inf|Inf|INF)
        |\.(?:nan|NaN|NAN))$"""
OMEGACONF_23_FLOAT = re.compile(
    r"""^(?:
         [-+]?[0-9]+(?:_[0-9]+)*\.[0-9_]*(?:[eE][-+]?[0-9]+)?
        |[-+]?[0-9]+(?:_[0-9]+)*(?:[eE][-+]?[0-9]+)
        |\.[0-9]+(?:_[0-9]+)*(?:[eE][-+][0-9]+)?
        |[-+]?[0-9]+(?:_[0-9]+)*(?::[0-5]?[0-9])+\.[0-9_]*
        |[-+]?\.(?:inf|Inf|INF)
        |\.(?:nan|NaN|NAN))$""",
    re.X,
)
_original_loader = oc_utils.get_yaml_loader


def _loader_23():
    loader = _original_loader()
    patched = 0
    for first, resolvers in loader.yaml_implicit_resolvers.items():
        for i, (tag, regexp) in enumerate(resolvers):
            if tag == "tag:yaml.org,2002:float" and regexp.pattern == OMEGACONF_22_FLOAT:
                resolvers[i] = (tag, OMEGACONF_23_FLOAT)
                patched += 1
    if patched == 0:
        raise RuntimeError("OmegaConf's 2.2 float resolver was not found; is this OmegaConf 2.2?")
    return loader


if omegaconf.__version__.startswith("2.2"):
    oc_utils.get_yaml_loader = _loader_23
    oc_basecontainer.get_yaml_loader = _loader_23
    _probe = yaml.load("a: 0_e0\n", Loader=oc_utils.get_yaml_loader())
    if _probe != {"a": "0_e0"}:
        raise SystemExit("could not install OmegaConf 2.3's float rule on " + omegaconf.__version__)


def _env(key, default=None):
    value = os.getenv(key)
    return value if value is not None else default


# mxm-config's resolvers (init_resolvers.py), except the clock-dependent ${timestamp:}.
for name, fn in (("cwd", os.getcwd), ("home", lambda: os.path.expanduser("~")), ("env", _env)):
    if not OmegaConf.has_resolver(name):
        OmegaConf.register_new_resolver(name, fn)

DIMENSIONS = ("environment", "machine", "substrate", "role")


def load_config(root, identity, overrides):
    """mxm-config's load_config, step by step."""
    app_root = os.path.join(root, "apps", "demo")
    layers = [_load_mapping(os.path.join(app_root, "default.yaml"))]
    for dimension in DIMENSIONS:
        path = os.path.join(app_root, dimension + ".yaml")
        if not os.path.exists(path):
            continue
        cfg = _load_mapping(path)
        selector = str(identity[dimension])
        if selector not in cfg:
            raise KeyError(f"Selector {selector!r} for dimension {dimension!r} not found")
        selected = cfg[selector]
        if not isinstance(selected, DictConfig):
            raise TypeError(f"Selected block for {dimension!r} must be a mapping")
        layers.append(selected)
    merged = OmegaConf.merge(*layers)
    for key, value in (overrides or {}).items():
        OmegaConf.update(merged, key, value, merge=True)
    OmegaConf.resolve(merged)
    return OmegaConf.to_container(merged, resolve=True)


def _load_mapping(path):
    cfg = OmegaConf.load(path)
    if not isinstance(cfg, DictConfig):
        raise TypeError(f"Configuration file must contain a mapping: {path}")
    return cfg


def encode(value):
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, int):
        return {"$int": str(value)}
    if isinstance(value, float):
        return {"$float": repr(value)}
    if isinstance(value, (list, tuple)):
        return [encode(v) for v in value]
    if isinstance(value, dict):
        return {"$map": [[str(k), type(k).__name__, encode(v)] for k, v in value.items()]}
    return {"$other": type(value).__name__, "repr": repr(value)}


def decode(value):
    if isinstance(value, list):
        return [decode(v) for v in value]
    if isinstance(value, dict):
        if "$int" in value:
            return int(value["$int"])
        if "$float" in value:
            return float(value["$float"])
        if "$map" in value:
            return {k: decode(v) for k, _, v in value["$map"]}
        return {k: decode(v) for k, v in value.items()}
    return value


def answer(request):
    saved = dict(os.environ)
    with tempfile.TemporaryDirectory(prefix="mxm-parity-") as root:
        try:
            app_root = os.path.join(root, "apps", "demo")
            os.makedirs(app_root)
            for name, text in request["files"].items():
                with io.open(os.path.join(app_root, name + ".yaml"), "w", encoding="utf-8") as f:
                    f.write(text)
            os.environ.clear()
            os.environ.update({k: v for k, v in saved.items() if k in ("HOME", "PATH")})
            os.environ.update(request.get("env") or {})
            overrides = decode(request.get("overrides") or {})
            data = load_config(root, request["identity"], overrides)
            return {"ok": True, "data": encode(data)}
        except Exception as error:  # every failure is an answer: the test compares kinds of failure
            first = str(error).split("\n")[0][:300]
            return {"ok": False, "error": type(error).__name__, "message": first}
        finally:
            os.environ.clear()
            os.environ.update(saved)


def main():
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            reply = answer(json.loads(line))
        except Exception as error:  # a malformed request must not end the harness
            reply = {"ok": False, "error": "HarnessError", "message": repr(error)[:300]}
        sys.stdout.write(json.dumps(reply, allow_nan=False) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
