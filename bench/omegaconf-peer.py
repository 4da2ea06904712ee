"""The peer a user would pick instead, for the cold-start benchmark: one Python process resolving
the same store as mxm-config does it with OmegaConf — machines.yaml matched against the host name,
default.yaml, then the selected block of each dimension file, merged, interpolation resolved.

Usage: python3 omegaconf-peer.py STORE_ROOT APP ENVIRONMENT SUBSTRATE ROLE
"""

import fnmatch
import os
import socket
import sys

from omegaconf import OmegaConf

# mxm-config's own resolvers; OmegaConf ships oc.env, oc.select and oc.decode.
OmegaConf.register_new_resolver("home", lambda: os.path.expanduser("~"), replace=True)
OmegaConf.register_new_resolver("cwd", os.getcwd, replace=True)
OmegaConf.register_new_resolver("env", lambda name, default=None: os.environ.get(name, default), replace=True)


def machine(store_root: str) -> str:
    """The machine selector of this host: an exact name first, then the first glob that matches."""
    host = socket.gethostname().split(".")[0]
    aliases = OmegaConf.to_container(OmegaConf.load(os.path.join(store_root, "machines.yaml")))
    if host in aliases:
        return aliases[host]
    return next((name for glob, name in aliases.items() if fnmatch.fnmatchcase(host, glob)), host)


def main() -> None:
    store_root, app, environment, substrate, role = sys.argv[1:6]
    app_dir = os.path.join(store_root, "apps", app)
    config = OmegaConf.load(os.path.join(app_dir, "default.yaml"))
    selected = {"environment": environment, "machine": machine(store_root), "substrate": substrate, "role": role}
    for dimension, selector in selected.items():
        path = os.path.join(app_dir, f"{dimension}.yaml")
        if os.path.exists(path):
            block = OmegaConf.load(path).get(selector)
            if block is not None:
                config = OmegaConf.merge(config, block)
    resolved = OmegaConf.to_container(config, resolve=True)
    if "mxm_paths" not in resolved:
        raise SystemExit("no mxm_paths in the resolved store")


main()
