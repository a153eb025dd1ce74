ALTER TABLE "crawl_runs" DROP CONSTRAINT "crawl_runs_kind_check";--> statement-breakpoint
ALTER TABLE "document_sources" DROP CONSTRAINT "document_sources_kind_check";--> statement-breakpoint
ALTER TABLE "crawl_runs" ADD CONSTRAINT "crawl_runs_kind_check" CHECK ("crawl_runs"."kind" in ('crawl', 'run', 'reparse', 'import'));--> statement-breakpoint
ALTER TABLE "document_sources" ADD CONSTRAINT "document_sources_kind_check" CHECK ("document_sources"."kind" in ('detail', 'attachment', 'file', 'local'));