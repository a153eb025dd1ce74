ALTER TABLE "fetches" DROP CONSTRAINT "fetches_outcome_check";--> statement-breakpoint
ALTER TABLE "documents" DROP CONSTRAINT "documents_parse_status_check";--> statement-breakpoint
ALTER TABLE "documents" DROP CONSTRAINT "documents_parse_action_check";--> statement-breakpoint
ALTER TABLE "crawl_runs" ADD COLUMN "deadline_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "site_crawls" ADD COLUMN "requests" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "documents" ADD COLUMN "parse_failure" text;--> statement-breakpoint
ALTER TABLE "documents" ADD COLUMN "parse_attempts" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "fetches" ADD CONSTRAINT "fetches_outcome_check" CHECK ("fetches"."outcome" in ('ok', 'not_modified', 'http_error', 'blocked', 'robots_disallowed', 'too_large', 'private_address', 'off_site', 'redirect_loop', 'timeout', 'network_error', 'unsupported', 'needs_browser', 'trap', 'over_budget'));--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_parse_failure_check" CHECK ("documents"."parse_failure" in ('timeout', 'memory', 'crashed', 'unreadable', 'error'));--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_parse_status_check" CHECK ("documents"."parse_status" in ('pending', 'parsed', 'failed', 'needs_ocr', 'not_report', 'quarantined'));--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_parse_action_check" CHECK ("documents"."parse_action" in ('inserted', 'updated', 'unchanged', 'copy', 'not_report', 'failed', 'quarantined'));