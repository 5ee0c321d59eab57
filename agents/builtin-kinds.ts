// The built-in agent kinds. A new kind is its module, registering itself, plus one import line here.
import './llm/register.js';
import './baselines/register.js';
import './replay-register.js';
