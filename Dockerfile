# gongkai's image: Node 20 on Debian bookworm with Debian's Chromium (Playwright's own browser downloads are not
# needed: gongkai drives the system Chromium through CHROMIUM_PATH) and CJK fonts for pages rendered in it.
FROM node:20-bookworm-slim

RUN apt-get update \
 && apt-get install -y --no-install-recommends chromium fonts-noto-cjk ca-certificates tini \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY package.json package-lock.json ./
# tsx runs the TypeScript sources directly, so the runtime needs no build step and no devDependencies.
RUN npm ci --omit=dev && npm cache clean --force
COPY . .

ENV NODE_ENV=production \
    CHROMIUM_PATH=/usr/bin/chromium \
    GONGKAI_DATA_DIR=/data
# The archive (every document as served, by sha256) and crawl queues; the database itself is the db service.
VOLUME /data
ENTRYPOINT ["/usr/bin/tini", "--", "node", "bin/gongkai.js"]
CMD ["schedule"]
