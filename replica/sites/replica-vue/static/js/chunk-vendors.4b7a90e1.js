/* vendors */ window.__vendors = { version: "2.6.14" };
