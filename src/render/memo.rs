//! `cached(component="NAME", …)`: a component rendered once per build for each distinct
//! set of arguments, its output repeated after that (Hugo's `partialCached`, without
//! a hand-written key).
//!
//! A build shows the same things many times: the header and the footer on every page,
//! a deputy's card on the deputies index and on every news item that names them, a
//! printed card on three sheets. The templates call those components through `cached`,
//! and this module remembers what each call wrote.
//!
//! Arguments are told apart by identity, which is exact and costs no hashing of their
//! contents: a map or a list is the same argument when it is the same template value (a
//! shared card is one value for the whole build), text, numbers and booleans when they
//! are equal. The implicit values components read (`@lang`, `@site`, …) count as
//! arguments too. The memo keeps every value it has seen alive until it is cleared, so
//! no other value can take the place of one it knows, and a template value cannot
//! change while the memo holds it (Tera copies a shared value before changing it): a
//! hit is always what rendering would have written.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock, Weak};

use tera::{Context, Kwargs, State, Tera, Value};
use xxhash_rust::xxh3::Xxh3Builder;

/// The argument naming the component; every other argument goes to the component.
const COMPONENT: &str = "component";

/// How deep components may call each other through `cached` (Tera's own limit for
/// components calling components is 20; each `cached` render starts its count anew).
const MAX_DEPTH: usize = 20;

type Entries = HashMap<Box<[u8]>, Entry, Xxh3Builder>;

thread_local! {
    /// How many `cached` renders are running on this thread, one inside the other.
    static DEPTH: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// Rendered components of the current build, by component and arguments.
#[derive(Default)]
pub struct ComponentMemo {
    /// The templates, set once they are all loaded (the function that renders through
    /// them is registered before).
    tera: OnceLock<Weak<Tera>>,
    /// What the memo needs to know of the theme's components, read once at load.
    components: OnceLock<Components>,
    entries: Mutex<Entries>,
}

/// The theme's components, as far as `cached` is concerned.
#[derive(Default)]
struct Components {
    /// The implicit values (`@lang`) any component declares, by name.
    implicit: Vec<Implicit>,
    /// Components that take `...rest` attributes (which `cached` refuses), with the
    /// name of that parameter.
    with_rest: Vec<(String, String)>,
}

/// An implicit value some component declares.
struct Implicit {
    name: String,
    /// Whether a declaration gives it a default (`@tone="plain"`).
    has_default: bool,
}

/// One remembered call.
struct Entry {
    /// What the component wrote, as a safe string.
    output: Value,
    /// The call's arguments and implicit values, kept alive so that their identities
    /// stay theirs (see the module documentation).
    _arguments: Kwargs,
    _implicit: Vec<Value>,
}

impl ComponentMemo {
    /// Connects the memo to the loaded templates: `cached` renders through `tera`, and
    /// passes on the implicit values its components declare. Called once, when the
    /// theme is loaded (later calls change nothing).
    pub fn attach(&self, tera: &Arc<Tera>) {
        let mut components = Components::default();
        for info in tera
            .get_component_names()
            .filter_map(|name| tera.get_component_definition(name))
        {
            if let Some(rest) = info.rest_param() {
                components
                    .with_rest
                    .push((info.name().to_string(), rest.to_string()));
            }
            for arg in info.args().iter().filter(|arg| arg.is_implicit()) {
                let has_default = arg.default().is_some();
                let implicit = &mut components.implicit;
                match implicit.iter_mut().find(|known| known.name == arg.name()) {
                    Some(known) => known.has_default |= has_default,
                    None => implicit.push(Implicit {
                        name: arg.name().to_string(),
                        has_default,
                    }),
                }
            }
        }
        components.implicit.sort_by(|a, b| a.name.cmp(&b.name));
        let _ = self.components.set(components);
        let _ = self.tera.set(Arc::downgrade(tera));
    }

    /// Forgets every remembered output (at the start and the end of each render, so a
    /// build never sees another build's values and memory is given back). The entries
    /// are freed on a worker thread: tens of thousands of them take a tenth of a second
    /// that the build need not wait for.
    pub fn clear(&self) {
        let entries = std::mem::take(&mut *self.lock());
        if !entries.is_empty() {
            rayon::spawn(move || drop(entries));
        }
    }

    /// The `cached` template function.
    pub fn call(&self, arguments: Kwargs, state: &State) -> tera::TeraResult<Value> {
        let name: &str = arguments.get(COMPONENT)?.ok_or_else(|| {
            tera::Error::message(
                "cached needs the component's name: cached(component=\"deputy_card\", d=d)",
            )
        })?;
        let components = self.components.get().ok_or_else(not_loaded)?;
        if let Some((_, rest)) = components.with_rest.iter().find(|(with, _)| with == name) {
            // The extra attributes would reach `...rest` in another order than a direct
            // call gives them.
            return Err(tera::Error::message(format!(
                "cached cannot render \"{name}\": it takes `...{rest}`; call it directly"
            )));
        }
        let mut implicit: Vec<(&str, Value)> = Vec::new();
        for known in &components.implicit {
            match state.get::<Value>(&known.name).ok().flatten() {
                Some(value) => implicit.push((known.name.as_str(), value)),
                // A direct call would look further up, to whoever called the enclosing
                // component; the component rendered here would silently take its
                // default instead.
                None if known.has_default => {
                    return Err(tera::Error::message(format!(
                        "cached(component=\"{name}\"): `{0}` is not in scope here; declare \
                         `@{0}` on the component that calls cached",
                        known.name
                    )));
                }
                None => {}
            }
        }
        let key = call_key(name, &arguments, &implicit);
        if let Some(entry) = self.lock().get(key.as_slice()) {
            return Ok(entry.output.clone());
        }
        let output = Value::safe_string(&self.render(name, &arguments, &implicit)?);
        // Two threads may render the same call at once; both wrote the same output.
        self.lock().insert(
            key.into_boxed_slice(),
            Entry {
                output: output.clone(),
                _arguments: arguments,
                _implicit: implicit.into_iter().map(|(_, value)| value).collect(),
            },
        );
        Ok(output)
    }

    fn render(
        &self,
        name: &str,
        arguments: &Kwargs,
        implicit: &[(&str, Value)],
    ) -> tera::TeraResult<String> {
        let tera = self
            .tera
            .get()
            .and_then(Weak::upgrade)
            .ok_or_else(not_loaded)?;
        let depth = DEPTH.with(|depth| depth.get());
        if depth >= MAX_DEPTH {
            return Err(tera::Error::message(format!(
                "cached: components call each other through cached more than {MAX_DEPTH} deep \
                 (\"{name}\" calls itself?)"
            )));
        }
        DEPTH.with(|cell| cell.set(depth + 1));
        let _restore = DepthGuard(depth);
        let mut context = Context::new();
        for (key, value) in arguments.iter() {
            let Some(key) = key.as_str() else { continue };
            if key != COMPONENT {
                context.insert_value(key.to_string(), value.clone());
            }
        }
        let mut implicits = Context::new();
        for (key, value) in implicit {
            implicits.insert_value(key.to_string(), value.clone());
        }
        tera.render_component_with_implicits(name, &context, &implicits, None, true)
            .map_err(|error| match error.kind() {
                tera::ErrorKind::ComponentNotFound(_) => {
                    let suggestion =
                        crate::diagnostics::did_you_mean(name, tera.get_component_names())
                            .map(|best| format!("; did you mean \"{best}\"?"))
                            .unwrap_or_default();
                    tera::Error::message(format!(
                        "cached: there is no component \"{name}\"{suggestion}"
                    ))
                }
                _ => error,
            })
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Entries> {
        self.entries.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// How many calls are remembered.
    #[cfg(test)]
    fn len(&self) -> usize {
        self.lock().len()
    }
}

fn not_loaded() -> tera::Error {
    tera::Error::message("cached: the templates are not loaded")
}

/// Sets this thread's `cached` depth back when a render ends, also by an error or a
/// panic.
struct DepthGuard(usize);

impl Drop for DepthGuard {
    fn drop(&mut self) {
        DEPTH.with(|depth| depth.set(self.0));
    }
}

/// The identity of a call: the component's name, then each argument's name and
/// identity in name order, then each implicit value's.
fn call_key(name: &str, arguments: &Kwargs, implicit: &[(&str, Value)]) -> Vec<u8> {
    let mut named: Vec<(&str, &Value)> = arguments
        .iter()
        .filter_map(|(key, value)| Some((key.as_str()?, value)))
        .filter(|(key, _)| *key != COMPONENT)
        .collect();
    named.sort_unstable_by_key(|(key, _)| *key);
    let mut key = Vec::with_capacity(64);
    push_text(&mut key, name);
    for (name, value) in named {
        push_text(&mut key, name);
        push_identity(&mut key, value);
    }
    key.push(b'@');
    for (name, value) in implicit {
        push_text(&mut key, name);
        push_identity(&mut key, value);
    }
    key
}

/// Text with its length in front, so that no two sequences of texts run together the
/// same way.
fn push_text(key: &mut Vec<u8>, text: &str) {
    key.extend_from_slice(&text.len().to_le_bytes());
    key.extend_from_slice(text.as_bytes());
}

/// A value's identity: where a map, list or byte string lives (the memo keeps it alive
/// there), or the value itself for text, numbers, booleans and none.
fn push_identity(key: &mut Vec<u8>, value: &Value) {
    if let Some(map) = value.as_map() {
        key.push(b'm');
        key.extend_from_slice(&(std::ptr::from_ref(map) as usize).to_le_bytes());
    } else if let Some(items) = value.as_array() {
        // Every empty list is equal, whatever its address.
        key.push(b'a');
        key.extend_from_slice(&(items.as_ptr() as usize).to_le_bytes());
        key.extend_from_slice(&items.len().to_le_bytes());
    } else if let Some(bytes) = value.as_bytes() {
        key.push(b'y');
        key.extend_from_slice(&(bytes.as_ptr() as usize).to_le_bytes());
        key.extend_from_slice(&bytes.len().to_le_bytes());
    } else if let Some(text) = value.as_str() {
        key.push(if value.is_safe() { b'S' } else { b's' });
        push_text(key, text);
    } else if let Some(flag) = value.as_bool() {
        key.push(b'b');
        key.push(u8::from(flag));
    } else if let Some(number) = value.as_i128() {
        key.push(b'i');
        key.extend_from_slice(&number.to_le_bytes());
    } else if let Some(number) = value.as_u128() {
        key.push(b'u');
        key.extend_from_slice(&number.to_le_bytes());
    } else if let Some(number) = value.as_f64() {
        key.push(b'f');
        key.extend_from_slice(&number.to_bits().to_le_bytes());
    } else if value.is_none() {
        key.push(b'n');
    } else {
        key.push(b'?');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn theme(source: &str) -> (Arc<Tera>, Arc<ComponentMemo>) {
        let memo = Arc::new(ComponentMemo::default());
        let mut tera = Tera::new();
        let function = memo.clone();
        tera.register_function("cached", move |args: Kwargs, state: &State| {
            function.call(args, state)
        });
        tera.add_raw_templates([("t.html", source)]).unwrap();
        let tera = Arc::new(tera);
        memo.attach(&tera);
        (tera, memo)
    }

    fn context(values: &[(&'static str, serde_json::Value)]) -> Context {
        let mut context = Context::new();
        for (key, value) in values {
            context.insert(*key, value);
        }
        context
    }

    const SOURCE: &str = r#"{% component card(d, big=false, @lang) %}<b>{{ lang.hi }} {{ d.name }}{% if big %}!{% endif %}</b>{% endcomponent card %}"#;

    #[test]
    fn renders_like_the_component_and_reuses_by_identity() {
        let (tera, memo) = theme(&format!(
            "{SOURCE}{{{{ cached(component=\"card\", d=a) }}}}{{{{ cached(component=\"card\", d=a, big=true) }}}}{{{{ cached(component=\"card\", d=b) }}}}{{{{ cached(component=\"card\", d=a) }}}}|{{{{<card d={{a}} />}}}}"
        ));
        let context = context(&[
            ("a", serde_json::json!({"name": "<A>"})),
            ("b", serde_json::json!({"name": "<A>"})),
            ("lang", serde_json::json!({"hi": "你好"})),
        ]);
        let out = tera.render("t.html", &context).unwrap();
        assert_eq!(
            out,
            "<b>你好 &lt;A&gt;</b><b>你好 &lt;A&gt;!</b><b>你好 &lt;A&gt;</b><b>你好 &lt;A&gt;</b>|<b>你好 &lt;A&gt;</b>"
        );
        // `a` plain, `a` big, and `b` (equal to `a`, but another value).
        assert_eq!(memo.len(), 3);
        memo.clear();
        assert_eq!(memo.len(), 0);
    }

    #[test]
    fn other_implicit_values_are_other_calls() {
        let (tera, memo) = theme(&format!(
            "{SOURCE}{{{{ cached(component=\"card\", d=a) }}}}{{% set lang = other %}}{{{{ cached(component=\"card\", d=a) }}}}"
        ));
        let context = context(&[
            ("a", serde_json::json!({"name": "A"})),
            ("lang", serde_json::json!({"hi": "你好"})),
            ("other", serde_json::json!({"hi": "hello"})),
        ]);
        let out = tera.render("t.html", &context).unwrap();
        assert_eq!(out, "<b>你好 A</b><b>hello A</b>");
        assert_eq!(memo.len(), 2);
    }

    #[test]
    fn a_caller_without_the_implicit_values_gets_an_error_not_a_wrong_page() {
        let (tera, _) = theme(&format!(
            "{SOURCE}{{% component outer(d) %}}{{{{ cached(component=\"card\", d=d) }}}}{{% endcomponent outer %}}{{{{<outer d={{a}} />}}}}"
        ));
        let context = context(&[
            ("a", serde_json::json!({"name": "A"})),
            ("lang", serde_json::json!({"hi": "你好"})),
        ]);
        let message = format!("{:?}", tera.render("t.html", &context).unwrap_err());
        assert!(message.contains("lang"), "{message}");
    }

    fn error_of(source: &str) -> String {
        let (tera, _) = theme(source);
        let context = context(&[("a", serde_json::json!({"name": "A"}))]);
        format!("{:?}", tera.render("t.html", &context).unwrap_err())
    }

    #[test]
    fn a_component_caching_itself_is_an_error_not_a_crash() {
        let message = error_of(
            "{% component loop(d) %}{{ cached(component=\"loop\", d=d) }}{% endcomponent loop %}{{ cached(component=\"loop\", d=a) }}",
        );
        assert!(message.contains("more than 20 deep"), "{message}");
    }

    #[test]
    fn a_component_with_rest_attributes_cannot_be_cached() {
        let message = error_of(
            "{% component tag(d, ...rest) %}{{ rest }}{% endcomponent tag %}{{ cached(component=\"tag\", d=a, x=1) }}",
        );
        assert!(message.contains("takes `...rest`"), "{message}");
    }

    #[test]
    fn an_implicit_value_with_a_default_must_be_in_scope() {
        // A direct call would find `tone` in the page; `cached` inside `outer` cannot.
        let message = error_of(
            "{% component inner(d, @tone=\"plain\") %}{{ tone }}{% endcomponent inner %}{% component outer(d) %}{{ cached(component=\"inner\", d=d) }}{% endcomponent outer %}{% set tone = \"loud\" %}{{<outer d={a} />}}",
        );
        assert!(message.contains("declare `@tone`"), "{message}");
    }

    #[test]
    fn unknown_component_is_an_error() {
        let (tera, _) = theme("{{ cached(component=\"nope\") }}");
        let error = tera.render("t.html", &Context::new()).unwrap_err();
        let message = format!("{error:?}");
        assert!(
            message.contains("there is no component") && message.contains("nope"),
            "{message}"
        );
        // A slip gets the name it was meant to be.
        let (tera, _) = theme(&format!("{SOURCE}{{{{ cached(component=\"crad\") }}}}"));
        let error = tera.render("t.html", &Context::new()).unwrap_err();
        let message = format!("{error:?}");
        assert!(message.contains(r#"did you mean \"card\"?"#), "{message}");
    }
}
