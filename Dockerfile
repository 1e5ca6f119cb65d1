# The API image for docker-compose.yml (an alternative to `make run` where a Docker engine exists).
FROM python:3.11-slim
WORKDIR /srv/kjsearch
COPY pyproject.toml README.md ./
COPY app app
COPY core core
COPY analyzers analyzers
COPY ingest ingest
COPY node node
COPY index_mappings index_mappings
COPY seeds seeds
RUN pip install --no-cache-dir .
ENV KJSEARCH_API_HOST=0.0.0.0
CMD ["sh", "-c", "python -m ingest seeds; uvicorn app.main:create_app --factory --http app.http_protocol:JsonErrorsHttpTools --host 0.0.0.0 --port 8000"]
