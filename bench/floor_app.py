"""The floor for latency: the barest ASGI app, served by the same uvicorn the simulator uses."""

from starlette.applications import Starlette
from starlette.responses import JSONResponse
from starlette.routing import Route


async def ping(request):
    return JSONResponse({"object": "ping"})


app = Starlette(routes=[Route("/v1/ping", ping, methods=["GET", "POST"])])
