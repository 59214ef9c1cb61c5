// Entry point of the Baton web app: providers, the route table and the signed-in shell.
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { App } from "./app.tsx";

const el = document.getElementById("root");
if (!el) throw new Error("#root missing from index.html");
createRoot(el).render(<StrictMode><App /></StrictMode>);
