CREATE TABLE "site_list_apis" (
	"id" serial PRIMARY KEY NOT NULL,
	"site_id" text NOT NULL,
	"page_url" text NOT NULL,
	"method" text DEFAULT 'GET' NOT NULL,
	"url" text NOT NULL,
	"body" text DEFAULT '' NOT NULL,
	"headers" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"found_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_ok_at" timestamp with time zone,
	"last_reports" integer DEFAULT 0 NOT NULL,
	"failures" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "site_list_apis_site_id_method_url_body_key" UNIQUE("site_id","method","url","body")
);
--> statement-breakpoint
ALTER TABLE "fetches" DROP CONSTRAINT "fetches_outcome_check";--> statement-breakpoint
ALTER TABLE "site_crawls" DROP CONSTRAINT "site_crawls_status_check";--> statement-breakpoint
ALTER TABLE "document_sources" DROP CONSTRAINT "document_sources_kind_check";--> statement-breakpoint
ALTER TABLE "site_crawls" ADD COLUMN "pages_rendered" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "fetches" ADD CONSTRAINT "fetches_outcome_check" CHECK ("fetches"."outcome" in ('ok', 'not_modified', 'http_error', 'blocked', 'robots_disallowed', 'too_large', 'private_address', 'off_site', 'redirect_loop', 'timeout', 'network_error', 'unsupported', 'needs_browser'));--> statement-breakpoint
ALTER TABLE "site_crawls" ADD CONSTRAINT "site_crawls_status_check" CHECK ("site_crawls"."status" in ('running', 'ok', 'empty', 'partial', 'blocked', 'unreachable', 'disallowed', 'needs_browser', 'failed'));--> statement-breakpoint
ALTER TABLE "document_sources" ADD CONSTRAINT "document_sources_kind_check" CHECK ("document_sources"."kind" in ('detail', 'attachment', 'file', 'local', 'fragment'));