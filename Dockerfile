# The handoff-gate GitHub App (Probot) as a container. Build: docker build -t handoff-gate .
# Run: docker run --env-file .env -p 3000:3000 handoff-gate   (APP_ID, PRIVATE_KEY, WEBHOOK_SECRET; see .env.example)
# The App never runs pull request code, so the image holds no toolchains: only Node and the gate.
FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY schemas ./schemas
RUN npm run build && npm prune --omit=dev

FROM node:22-bookworm-slim
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/lib ./lib
COPY package.json LICENSE app.yml ./
COPY schemas ./schemas
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "lib/app/server.js"]
