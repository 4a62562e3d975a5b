# nlq server image: dependencies from uv.lock and the embedded model converted at build time,
# so the first request pays neither a download nor a conversion.
#   docker build -t nlq .
#   docker run --rm -p 8000:8000 nlq
FROM python:3.11-slim

COPY --from=ghcr.io/astral-sh/uv:0.13.9 /uv /usr/local/bin/uv

# UV_NO_CACHE: uv's download cache (~6 GB, mostly torch and the CUDA libraries) would
# otherwise stay in the dependency layer next to the venv it was copied into.
ENV UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_NO_CACHE=1 \
    UV_PYTHON_DOWNLOADS=never \
    NLQ_CACHE=/opt/nlq-cache \
    PATH=/app/.venv/bin:$PATH

WORKDIR /app

# A compiler for llama-cpp-python, which uv builds from its sdist (pyproject.toml pins the flags).
RUN apt-get update && apt-get install -y --no-install-recommends build-essential && rm -rf /var/lib/apt/lists/*

# Dependencies first, in their own layer: it is rebuilt only when the lock changes.
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev --no-install-project

COPY README.md main.py ./
COPY nlq ./nlq
COPY codegen ./codegen
COPY grammar ./grammar
RUN uv sync --frozen --no-dev && nlq model prepare

EXPOSE 8000
CMD ["uvicorn", "main:app", "--host", "0.0.0.0", "--port", "8000"]
