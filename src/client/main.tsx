import { render } from 'solid-js/web';

function App() {
  return <main><h1>Standortbesuch</h1></main>;
}

render(() => <App />, document.getElementById('root')!);
