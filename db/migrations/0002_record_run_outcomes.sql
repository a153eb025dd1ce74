ALTER TABLE "site_crawls" ADD COLUMN "bytes_downloaded" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "site_crawls" ADD COLUMN "errors_by_outcome" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "site_crawls" ADD COLUMN "look_alikes" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "site_crawls" ADD COLUMN "unmatched" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "documents" ADD COLUMN "parse_run_id" integer;--> statement-breakpoint
ALTER TABLE "documents" ADD COLUMN "parse_action" text;--> statement-breakpoint
CREATE INDEX "documents_parse_run_id_idx" ON "documents" USING btree ("parse_run_id");--> statement-breakpoint
ALTER TABLE "regions" ADD CONSTRAINT "regions_level_check" CHECK ("regions"."level" in ('province', 'city', 'county', 'township'));--> statement-breakpoint
ALTER TABLE "agencies" ADD CONSTRAINT "agencies_level_check" CHECK ("agencies"."level" in ('province', 'city', 'county', 'township', 'department', 'other'));--> statement-breakpoint
ALTER TABLE "crawl_runs" ADD CONSTRAINT "crawl_runs_kind_check" CHECK ("crawl_runs"."kind" in ('crawl', 'run', 'reparse'));--> statement-breakpoint
ALTER TABLE "crawl_runs" ADD CONSTRAINT "crawl_runs_status_check" CHECK ("crawl_runs"."status" in ('running', 'ok', 'partial', 'failed', 'interrupted'));--> statement-breakpoint
ALTER TABLE "fetches" ADD CONSTRAINT "fetches_outcome_check" CHECK ("fetches"."outcome" in ('ok', 'not_modified', 'http_error', 'blocked', 'robots_disallowed', 'too_large', 'private_address', 'off_site', 'redirect_loop', 'timeout', 'network_error', 'unsupported'));--> statement-breakpoint
ALTER TABLE "site_crawls" ADD CONSTRAINT "site_crawls_status_check" CHECK ("site_crawls"."status" in ('running', 'ok', 'empty', 'blocked', 'unreachable', 'disallowed', 'failed'));--> statement-breakpoint
ALTER TABLE "document_sources" ADD CONSTRAINT "document_sources_kind_check" CHECK ("document_sources"."kind" in ('detail', 'attachment', 'file'));--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_format_check" CHECK ("documents"."format" in ('html', 'pdf', 'docx', 'doc', 'wps', 'xls', 'xlsx', 'txt', 'image', 'zip', 'unknown'));--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_parse_status_check" CHECK ("documents"."parse_status" in ('pending', 'parsed', 'failed', 'needs_ocr', 'not_report'));--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_parse_action_check" CHECK ("documents"."parse_action" in ('inserted', 'updated', 'unchanged', 'not_report', 'failed'));