"""/v1/models: list and retrieve the models the simulator answers to; delete, refused as for a base model."""

from __future__ import annotations

from starlette.requests import Request
from starlette.routing import Route

from simulator.http.requests import JSON, caller
from simulator.services import models as service


async def list_models(request: Request) -> JSON:
    return JSON({"object": "list", "data": await service.available(caller(request))})


async def get_model(request: Request) -> JSON:
    return JSON(await service.get(caller(request), request.path_params["model"]))


async def delete_model(request: Request) -> JSON:
    return JSON(await service.delete(caller(request), request.path_params["model"]))


# {model:path}: ids of fine-tuned models and of some backends' have colons and slashes (ft:gpt-4o-mini:org::id, library/llama3).
routes = [
    Route("/models", list_models, methods=["GET"]),
    Route("/models/{model:path}", get_model, methods=["GET"]),
    Route("/models/{model:path}", delete_model, methods=["DELETE"]),
]
