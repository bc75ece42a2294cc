"""Models: the ids the simulator answers to, listed and retrieved in the real shape; deleting one is refused as for a base model.

With the scripted model (or the embedded one) these are the course's models: the scripted model answers the same
whatever id is asked for, so every one of them works. With an openai-compatible backend they are what the backend
lists at GET /models when it can be asked, else the configured model name (--model-name), else the course's.
"""

from __future__ import annotations

from simulator.errors import APIError
from simulator.ids import now
from simulator.services import Caller
from simulator.wire.chat import model_object

# The models the course and its outside clients ask for: (id, created, owned_by). `created` is each model's
# release day (Unix seconds); owned_by as the real list showed them ("openai" for the older, "system" for the newer).
COURSE_MODELS = (
    ("gpt-3.5-turbo", 1677610602, "openai"),
    ("gpt-4", 1687882411, "openai"),
    ("gpt-4-turbo", 1712361441, "system"),
    ("gpt-4o", 1715367049, "system"),
    ("gpt-4o-mini", 1721172741, "system"),
    ("gpt-4.1", 1744316542, "system"),
    ("gpt-4.1-mini", 1744318173, "system"),
    ("gpt-4.1-nano", 1744321707, "system"),
    ("o3-mini", 1737146383, "system"),
    ("o4-mini", 1744225351, "system"),
    ("gpt-5", 1754425777, "system"),
    ("gpt-5-mini", 1754425928, "system"),
    ("gpt-5-nano", 1754426384, "system"),
)


def not_found(model_id: str) -> APIError:
    """The real API's 404 for a model it does not have (recorded with backticks around the id)."""
    return APIError(404, f"The model `{model_id}` does not exist or you do not have access to it.", code="model_not_found")


async def available(caller: Caller) -> list[dict]:
    """Every model the simulator answers to, as Model objects."""
    settings = caller.settings
    if (settings.model_backend or "scripted").strip().lower() == "openai-compatible":
        listed = await _backend_models(caller)
        if listed:
            return [model_object(m["id"], m["created"] if isinstance(m.get("created"), int) else now(), m.get("owned_by") if isinstance(m.get("owned_by"), str) else "system") for m in listed]
        if settings.model_name:
            return [model_object(settings.model_name, now(), "system")]
    return [model_object(*row) for row in COURSE_MODELS]


async def _backend_models(caller: Caller) -> list[dict] | None:
    model = caller.engine.model
    ask = getattr(model, "models", None)
    return await ask() if ask is not None else None


async def get(caller: Caller, model_id: str) -> dict:
    for model in await available(caller):
        if model["id"] == model_id:
            return model
    raise not_found(model_id)


async def delete(caller: Caller, model_id: str) -> dict:
    """Only a fine-tuned model of one's own can be deleted, and the simulator has none: a base model is refused as the
    real API refused it (403, "Missing scopes: api.delete": recorded by a project's test of models.delete("whisper-1")
    against the real API); an id it does not have is the 404 retrieve gives."""
    await get(caller, model_id)
    raise APIError(403, "You have insufficient permissions for this operation. Missing scopes: api.delete.")
