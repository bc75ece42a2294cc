"""The /v1 routes looked up by resource (simulator.http.routing) choose exactly what Starlette's one list chose."""

from __future__ import annotations

import re

import pytest
from starlette.routing import Match, Router

from simulator import app
from simulator.http.routing import ResourceRouter


def chosen(router: Router, scope: dict):
    """The route Starlette's router hands the request to: the first full match, else the first partial one (a 405)."""
    partial = None
    for route in router.routes:
        match, _ = route.matches(scope)
        if match is Match.FULL:
            return route
        if match is Match.PARTIAL and partial is None:
            partial = route
    return partial


# app.api_routes() imports the route modules alone: no simulator is made (nor its database, at collection time).


def requests():
    """Every route's path with its parameters filled in, each with every method, and a few that match nothing."""
    paths = {re.sub(r"\{[^}]+\}", "x_1", route.path) for route in app.api_routes()}
    paths |= {"/threads/runs", "/threads/x_1/", "/nothing", "/", "/responses/compact", "/responses/input_tokens"}
    for path in sorted(paths):
        for method in ("GET", "POST", "DELETE", "PUT"):
            yield method, path


@pytest.mark.parametrize(("method", "path"), list(requests()))
def test_each_request_goes_where_the_single_list_sent_it(method, path):
    routes = app.api_routes()
    by_resource, single = ResourceRouter(routes), Router(routes=routes)
    scope = {"type": "http", "method": method, "path": path, "root_path": "", "path_params": {}}
    expected = chosen(single, scope)
    router = by_resource.by_resource.get(path.lstrip("/").partition("/")[0], by_resource.every_route)
    assert chosen(router, scope) is expected


def test_a_route_whose_path_starts_with_a_parameter_is_refused():
    from starlette.routing import Route

    with pytest.raises(ValueError, match="first segment"):
        ResourceRouter([Route("/{anything}", lambda request: None)])
